credcatSearchData("terms/6d69.json", {
  "mislead": [
    2,
    4
  ],
  "missing": [
    1,
    3
  ]
}
);
