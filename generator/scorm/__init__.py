"""The SCORM 1.2 package of the course (`podcourse export scorm`): export builds it from the
built site, pages makes each page self-contained, manifest writes imsmanifest.xml."""
