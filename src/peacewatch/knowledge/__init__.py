"""What every stage looks things up in: the knowledge base of actors and countries (`kb`), the CAMEO
and PLOVER code table (`codes`), the gazetteer (`places`) and the spelling word lists (`lexicon`).
Depends on nothing but the carrier and the data files in `peacewatch/data/`."""
