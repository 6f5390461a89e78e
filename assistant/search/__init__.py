"""Terms and vectors → ranked hits: the Assistant facade, question handling, fusion, the no-match rule, and
the records a search returns."""
