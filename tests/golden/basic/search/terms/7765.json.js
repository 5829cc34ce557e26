credcatSearchData("terms/7765.json", {
  "week": [
    1,
    1
  ]
}
);
