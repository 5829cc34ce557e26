credcatSearchData("terms/646f.json", {
  "document": [
    1,
    3
  ]
}
);
