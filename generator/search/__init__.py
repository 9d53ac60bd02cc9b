"""Search: every passage of the site, indexed and found.

The subpackage reads as the flow of a search, bottom to top:

- `index`: what gets indexed (documents cut into passages), the Whoosh schema, and the
  generations of the index on disk, swapped in atomically;
- `segments` and `process`: a full build's passages written one process per core, in a second
  process beside the page rendering;
- `setwise`: scoring a matcher tree a whole set of passages at a time;
- `engine`: a listener's request checked, matched, grouped by page and highlighted.
- `topics`: what each topic's query finds, handed to the topic pages in the build's context.

Nothing is imported here, so that importing one part (say, checking a query's syntax for
`podcourse check`) does not load the rest.
"""
