credcatSearchData("terms/696e.json", {
  "inconsistent": [
    1,
    3
  ],
  "inform": [
    2,
    4
  ]
}
);
