"""The SSDA903 return (children looked after): which children a collection year holds and what is read about them
(`selectors`), the CSV files the DfE takes, one a table (`writer`), written as the children are read, a chunk at a
time (`export`), and the data officer's export of it, checked by the DfE's rules (`services`)."""
