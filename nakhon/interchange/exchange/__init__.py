"""The ArchiMate Open Exchange Format (3.x): files to `ModelDocument` and back.

`reader.read_exchange(source)` and `writer.write_exchange(doc, target)` take a path or a binary
file object. Problems are raised as `InterchangeError` with the line and identifier where they
are. The format's names, namespaces and identifier spelling are in `names`, the packaged XSDs in
`schema`, and what the reader says about a broken file in `diagnosis`.
"""
