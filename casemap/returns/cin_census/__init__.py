"""The Children in Need census: which children and episodes a collection year holds (`selectors`), and the XML the
DfE takes (`writer`), written as the children are read, a chunk at a time (`export`)."""
