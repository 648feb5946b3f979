"""Ofsted's Annex A lists for an inspection of local authority children's services (ILACS): which records each
list holds (`scope`), what is read for them a chunk of children at a time (`selectors`), each child's rows in
Ofsted's terms (`rows`, `labels`, `lists`), and the workbook they are written to as they come (`writer`, `export`)."""
