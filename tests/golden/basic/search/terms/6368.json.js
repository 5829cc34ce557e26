credcatSearchData("terms/6368.json", {
  "charts": [
    2,
    4
  ]
}
);
