credcatSearchData("terms/696e.json", {
  "inform": [
    1,
    4
  ]
}
);
