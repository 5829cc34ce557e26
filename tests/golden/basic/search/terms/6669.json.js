credcatSearchData("terms/6669.json", {
  "find": [
    1,
    4
  ],
  "fix": [
    1,
    4
  ]
}
);
