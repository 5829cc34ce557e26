credcatSearchData("terms/7461.json", {
  "tabular": [
    1,
    4
  ]
}
);
