"""Units → terms and vectors on disk: the vector store's generations with the lexical index stored in each,
updated incrementally (only changed paragraphs embedded) and checked against the corpus folder."""
