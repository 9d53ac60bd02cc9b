"""imsmanifest.xml: what an LMS reads to list a SCORM 1.2 package's course and launch its parts.

One item (a SCO) per module, in path order: an LMS keeps score and status per SCO, and each
module has one quiz. Every SCO launches the package's index.html, which holds the LMS session
for the pages it shows; the item's `parameters` (SCORM 1.2 CAM: appended to the launch URL)
say which module. The quiz's pass mark is the item's mastery score.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{IMSCP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{ADLCP} adlcp_rootv1p2.xsd"
)
LAUNCH_PAGE = "index.html"
FILES_RESOURCE = "podcourse-files"


@dataclass(frozen=True)
class PackagedModule:
    """A module as its SCO: what the LMS lists and what the launch page opens."""

    id: str
    title: str
    mastery_score: int  # the quiz's pass mark, percent


def item_id(module_id: str) -> str:
    """An XML ID (an NCName) for the module's item; module ids are slugs."""
    return f"item-{module_id}"


def sco_id(module_id: str) -> str:
    return f"sco-{module_id}"


def manifest_xml(identifier: str, title: str, modules: list[PackagedModule], files: list[str]) -> bytes:
    """The manifest of a package holding `files` (package paths) and one SCO per module."""
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(
        _cp("manifest"), {"identifier": identifier, "version": "1.0", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS}
    )
    metadata = ET.SubElement(root, _cp("metadata"))
    ET.SubElement(metadata, _cp("schema")).text = "ADL SCORM"
    ET.SubElement(metadata, _cp("schemaversion")).text = "1.2"
    _organization(ET.SubElement(root, _cp("organizations"), {"default": "course"}), title, modules)
    _resources(ET.SubElement(root, _cp("resources")), modules, files)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _cp(name: str) -> str:
    return f"{{{IMSCP}}}{name}"


def _organization(organizations: ET.Element, title: str, modules: list[PackagedModule]) -> None:
    organization = ET.SubElement(organizations, _cp("organization"), {"identifier": "course"})
    ET.SubElement(organization, _cp("title")).text = title
    for module in modules:
        item = ET.SubElement(
            organization,
            _cp("item"),
            {
                "identifier": item_id(module.id),
                "identifierref": sco_id(module.id),
                "isvisible": "true",
                "parameters": f"?module={module.id}",
            },
        )
        ET.SubElement(item, _cp("title")).text = module.title
        ET.SubElement(item, f"{{{ADLCP}}}masteryscore").text = str(module.mastery_score)


def _resources(resources: ET.Element, modules: list[PackagedModule], files: list[str]) -> None:
    for module in modules:
        sco = ET.SubElement(
            resources,
            _cp("resource"),
            {
                "identifier": sco_id(module.id),
                "type": "webcontent",
                f"{{{ADLCP}}}scormtype": "sco",
                "href": LAUNCH_PAGE,
            },
        )
        ET.SubElement(sco, _cp("file"), {"href": LAUNCH_PAGE})
        ET.SubElement(sco, _cp("dependency"), {"identifierref": FILES_RESOURCE})
    shared = ET.SubElement(
        resources,
        _cp("resource"),
        {"identifier": FILES_RESOURCE, "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"},
    )
    for path in sorted(files):
        if path != LAUNCH_PAGE:
            ET.SubElement(shared, _cp("file"), {"href": path})
