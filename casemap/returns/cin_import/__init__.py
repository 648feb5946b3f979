"""Bringing a Children in Need census in from another system: the file checked against the schema and read a child
at a time (`schema`, `reading`), each child found or created and their episodes recorded through the same services
the pages use (`people`, `episodes`), one transaction per child (`services`). docs/returns-imports.md says what maps
to what."""
