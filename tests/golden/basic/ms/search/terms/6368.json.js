credcatSearchData("terms/6368.json", {
  "charts": [
    1,
    4
  ]
}
);
