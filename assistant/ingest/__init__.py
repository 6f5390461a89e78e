"""Documents → citable units: files decoded and read per format, page furniture removed, paragraphs
numbered as printed with their section trails and footnotes, metadata from the header and the catalog."""
