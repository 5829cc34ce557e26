credcatSearchData("terms/7669.json", {
  "visualisation": [
    1,
    10
  ]
}
);
