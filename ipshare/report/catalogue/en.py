"""English texts of the message catalogue (:mod:`ipshare.report.messages`)."""

MESSAGES = {
    "page.of": "page {page} of {pages}",
    "section.parties": "Parties",
    "signature.title": "Signatures",
    "signature.intro": "Signed for and on behalf of each party by its legal or authorised representative:",
    "signature.party": "Party: {name}",
    "signature.party_number": "Party {number}",
    "signature.full_name": "{name}",
    "signature.name": "{name} ({member})",
    "signature.representative": "Legal or authorised representative (signature)",
    "signature.seal": "Seal",
    "signature.date": "Date",
    "caveat.research_exemption": "x",
}
