"""One record of a review-queue pair as the linkage queries return it: columns prefixed by the pair's side
(``a_`` or ``b_``), with the fields the contract fixture leaves blank."""

from __future__ import annotations

from tests.fixtures.contract_graph import EXTRACTED


def review_side(side, system, record_id, forename, surname, dob, person_id, nhs_number=None):
    values = {
        "record_key": f"{system}:{record_id}",
        "system": system,
        "record_id": record_id,
        "forename": forename,
        "middle_names": None,
        "surname": surname,
        "former_surname": None,
        "dob": dob,
        "sex": None,
        "postcode": None,
        "nhs_number": nhs_number,
        "upn": None,
        "extracted_at": EXTRACTED,
        "person_id": person_id,
    }
    return {f"{side}_{k}": v for k, v in values.items()}
