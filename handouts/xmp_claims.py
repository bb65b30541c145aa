"""An archived PDF's claim to be accessible: PDF/UA-1 beside PDF/A-3a in its XMP metadata.

WeasyPrint writes one variant's identification: `pdf_variant="pdf/a-3a"` writes
pdfaid:part and pdfaid:conformance, never pdfuaid:part. The archive copy is the tagged
document the default PDF/UA one is (same tags, same /Lang, title and alt texts), but
without the claim a records system or checker treats it as not accessible (the pdfua
checker's UA-28-004). `DocumentMetadata.xmp_metadata` cannot carry the claim: its
entries go after the rdf:RDF element, and XMP readers read only the first one. So the
packet WeasyPrint generates is given the claim inside its rdf:RDF, with the extension
schema PDF/A asks for every property outside its predefined schemas (ISO 19005-3, 6.6.2.3).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement, fromstring, register_namespace, tostring

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
for _prefix, _uri in (("pdfuaid", PDFUAID), ("pdfaExtension", EXTENSION), ("pdfaSchema", SCHEMA),
                      ("pdfaProperty", PROPERTY)):
    register_namespace(_prefix, _uri)

_CLAIMED = "_handouts_claims_ua"


def _text(parent: Element, tag: str, text: str) -> None:
    SubElement(parent, tag).text = text


def _ua_schema() -> Element:
    """The rdf:Description declaring pdfuaid:part for PDF/A (the schema every PDF/A + PDF/UA file carries)."""
    description = Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    schemas = SubElement(SubElement(description, f"{{{EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = SubElement(schemas, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    _text(schema, f"{{{SCHEMA}}}schema", "PDF/UA identification schema")
    _text(schema, f"{{{SCHEMA}}}namespaceURI", PDFUAID)
    _text(schema, f"{{{SCHEMA}}}prefix", "pdfuaid")
    properties = SubElement(SubElement(schema, f"{{{SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = SubElement(properties, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
    _text(part, f"{{{PROPERTY}}}name", "part")
    _text(part, f"{{{PROPERTY}}}valueType", "Integer")
    _text(part, f"{{{PROPERTY}}}category", "internal")
    _text(part, f"{{{PROPERTY}}}description", "Part of ISO 14289 the file conforms to")
    return description


def with_ua_claim(rdf: bytes) -> bytes:
    """WeasyPrint's rdf:RDF with pdfuaid:part="1" beside its pdfaid:part, and pdfuaid declared."""
    root = fromstring(rdf)
    first = root.find(f"{{{RDF}}}Description")
    if first is None:
        first = SubElement(root, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""})
    first.set(f"{{{PDFUAID}}}part", "1")
    root.append(_ua_schema())
    return tostring(root, encoding="utf-8")


def claim_ua(metadata: Any) -> None:
    """Make a WeasyPrint document's metadata claim PDF/UA-1 too when it is written as PDF/A (once)."""
    if getattr(metadata, _CLAIMED, False):
        return
    generate = metadata.generate_rdf_metadata

    def generate_rdf_metadata(variant: str, version: int, conformance: str | None) -> bytes:
        return with_ua_claim(generate(variant, version, conformance))

    metadata.generate_rdf_metadata = generate_rdf_metadata
    setattr(metadata, _CLAIMED, True)
