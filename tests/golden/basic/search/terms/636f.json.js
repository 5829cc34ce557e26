credcatSearchData("terms/636f.json", {
  "co": [
    3,
    2
  ]
}
);
