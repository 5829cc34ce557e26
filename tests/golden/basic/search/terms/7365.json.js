credcatSearchData("terms/7365.json", {
  "set": [
    1,
    1
  ],
  "sets": [
    1,
    4
  ]
}
);
