"""Text analysis shared by indexing and search: normal form, search terms, English questions → Chinese terms,
UN terminology, highlights."""
