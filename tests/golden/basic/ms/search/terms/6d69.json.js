credcatSearchData("terms/6d69.json", {
  "mislead": [
    1,
    4
  ]
}
);
