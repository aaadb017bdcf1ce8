"""The XLIFF and TMX schemas of tests/formats/schemas/, loaded with lxml, offline: every
schema import of the W3C ``xml.xsd`` resolves to the local copy."""

from __future__ import annotations

from functools import cache

from lxml import etree

from tests.helpers.paths import ROOT

SCHEMAS = ROOT / "tests" / "formats" / "schemas"

# Where the XLIFF schemas import xml.xsd from: the W3C's address (1.2), a path beside the
# OASIS files (2.0).
XML_XSD_LOCATIONS = ("http://www.w3.org/2001/xml.xsd", "informativeCopiesOf3rdPartySchemas/w3c/xml.xsd")


class _LocalXmlXsd(etree.Resolver):
    def resolve(self, url, public_id, context):
        if url.endswith(XML_XSD_LOCATIONS):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None  # the schema files themselves; the parser reads nothing from the network


@cache
def _xml_schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def schema_errors(content: bytes, name: str) -> list[str]:
    """What ``content`` breaks of the schema or DTD ``name`` (a file of tests/formats/schemas/): [] when valid."""
    document = etree.fromstring(content, etree.XMLParser(no_network=True, resolve_entities=False))
    validator = etree.DTD(str(SCHEMAS / name)) if name.endswith(".dtd") else _xml_schema(name)
    validator.validate(document)
    return [f"line {error.line}: {error.message}" for error in validator.error_log]
