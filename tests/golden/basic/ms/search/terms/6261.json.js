credcatSearchData("terms/6261.json", {
  "basic": [
    3,
    4
  ]
}
);
