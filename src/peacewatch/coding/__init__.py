"""Stage 3, coding: events with their roles, modality, quantities, place and date (`events`, `roles`,
`conventions`, `modality`, `quantities`, `dates`), conditionals and phased policies (`conditionals`)
and stated positions (`positions`)."""
