"""Code systems a topic may be coded in, and how each is named outside handouts.

A topic's condition carries diagnosis codes (ICD-10-CM, ICD-10, ICD-11,
SNOMED CT); a recommendation that names a drug may carry its RxNorm code.
An EHR names a code system by its HL7 OID (the Infobutton standard), a FHIR
resource by its canonical URI, a person on the command line by its name:
this table is the one place that maps between them.

Sources for the identifiers:
- OIDs for ICD-10-CM (2.16.840.1.113883.6.90) and SNOMED CT (2.16.840.1.113883.6.96)
  as MedlinePlus Connect's web application documents them for
  `mainSearchCriteria.v.cs` (medlineplus.gov/medlineplus-connect/web-application/);
  RxNorm (2.16.840.1.113883.6.88) as its web service documents drug requests
  (medlineplus.gov/medlineplus-connect/web-service/).
- The OID of ICD-10 (WHO), 2.16.840.1.113883.6.3, as HL7 Terminology's code system for
  http://hl7.org/fhir/sid/icd-10 gives it (its identifier urn:oid:2.16.840.1.113883.6.3;
  terminology.hl7.org CodeSystem-icd10), so an EHR outside the US that codes problems in
  ICD-10 can ask the infobutton by them.
- FHIR system URIs from FHIR R4's terminology list (hl7.org/fhir/R4/terminologies-systems.html).
ICD-11 has no OID here: an Infobutton request cannot name it, and it is not written
into FHIR resources (no URI confirmed for ICD-11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handouts.errors import UsageError


@dataclass(frozen=True)
class CodeSystem:
    name: str  # as written in content: `system: ICD-10-CM`
    oid: str | None  # HL7 OID, as Infobutton requests name it
    fhir: str | None  # FHIR canonical URI
    pattern: re.Pattern[str]  # the shape of one code
    example: str
    hierarchical: bool = False  # a code's parent is a prefix of it (ICD: D50 covers D50.9)

    def normalise(self, code: str) -> str:
        """The form codes are compared in: upper case, no spaces; ICD codes keep their dot."""
        return code.strip().upper().replace(" ", "")

    def valid(self, code: str) -> bool:
        return bool(self.pattern.fullmatch(self.normalise(code)))


SYSTEMS: dict[str, CodeSystem] = {s.name: s for s in (
    CodeSystem("ICD-10-CM", "2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10-cm",
               re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?"), "like D50.9", hierarchical=True),
    CodeSystem("ICD-10", "2.16.840.1.113883.6.3", "http://hl7.org/fhir/sid/icd-10",
               re.compile(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,2})?"), "like D50.9", hierarchical=True),
    CodeSystem("ICD-11", None, None, re.compile(r"[0-9A-Z]{4}(\.[0-9A-Z]{1,3})?(&[0-9A-Z.&/]+)?"), "like 3A00.0"),
    CodeSystem("SNOMED CT", "2.16.840.1.113883.6.96", "http://snomed.info/sct",
               re.compile(r"[1-9][0-9]{5,17}"), "6 to 18 digits"),
    CodeSystem("RxNorm", "2.16.840.1.113883.6.88", "http://www.nlm.nih.gov/research/umls/rxnorm",
               re.compile(r"[1-9][0-9]{0,9}"), "an RXCUI: digits only"),
)}
"""Every system content may use, by the name content writes."""

CONDITION_SYSTEMS = ("ICD-10", "ICD-10-CM", "ICD-11", "SNOMED CT")
"""Systems for what a topic is about: diagnoses and findings."""
DRUG_SYSTEMS = ("RxNorm",)
"""Systems for a drug a recommendation names."""

_ALIASES = {"SNOMED": "SNOMED CT", "SNOMEDCT": "SNOMED CT", "SNOMED-CT": "SNOMED CT", "SCT": "SNOMED CT",
            "RXNORM": "RxNorm", "RXCUI": "RxNorm", "ICD10CM": "ICD-10-CM", "ICD10": "ICD-10", "ICD11": "ICD-11"}


def by_oid(oid: str) -> CodeSystem | None:
    """The system an Infobutton request names by OID; None for one handouts does not know."""
    return next((s for s in SYSTEMS.values() if s.oid == oid.strip()), None)


def by_name(name: str) -> CodeSystem | None:
    """A system by its name ('ICD-10-CM', 'snomed', 'rxnorm') or OID."""
    text = name.strip()
    for system in SYSTEMS.values():
        if text.upper() in (system.name.upper(), system.oid):
            return system
    alias = _ALIASES.get(text.upper().replace(" ", ""))
    return SYSTEMS[alias] if alias else by_oid(text)


def parse(text: str) -> tuple[CodeSystem, str]:
    """'ICD-10-CM:D50.9' → (ICD-10-CM, 'D50.9'). UsageError saying what is wrong, for the command line."""
    name, sep, code = text.partition(":")
    system = by_name(name) if sep else None
    known = ", ".join(SYSTEMS)
    if system is None:
        raise UsageError(f"'{text}' is not SYSTEM:CODE with a system handouts knows ({known}), "
                         "e.g. ICD-10-CM:D50.9")
    if not system.valid(code):
        raise UsageError(f"'{code}' is not a valid {system.name} code ({system.example})")
    return system, system.normalise(code)


def covers(system: CodeSystem, coded: str, asked: str) -> bool:
    """Whether content coded `coded` answers a request for `asked` (both in `system`).

    The same code always does. In ICD, a topic coded with a category (D50, iron
    deficiency anemia) also answers a request for a code under it (D50.9): the
    more specific code is a kind of the category. Never the other way round.
    """
    coded, asked = system.normalise(coded), system.normalise(asked)
    if coded == asked:
        return True
    if not system.hierarchical:
        return False
    bare_coded, bare_asked = coded.replace(".", ""), asked.replace(".", "")
    return len(bare_coded) < len(bare_asked) and bare_asked.startswith(bare_coded)
