credcatSearchData("terms/6869.json", {
  "hilang": [
    2,
    3
  ]
}
);
