"""Stage 2, language processing: actor mentions (`actors`), coreference (`coref`) and the spaCy parse
(`parse`: model loading and batched parsing of the sentences that may hold an event)."""
