"""What editors keep, read as cells that know their file, row and column (CSV, XLSX, uploads); no RDF."""
