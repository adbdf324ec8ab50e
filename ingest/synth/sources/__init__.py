"""One module per source system: ``build`` (draws the mess, as-of independent) and ``render`` (pure)."""

from . import (
    adult_mental_health,
    csc,
    early_help,
    health,
    housing,
    police,
    schools,
    substance_misuse,
    youth_justice,
)

#: source modules in the order they are built for each family
MODULES = (csc, early_help, schools, health, police, housing, adult_mental_health, substance_misuse, youth_justice)
