credcatSearchData("terms/7669.json", {
  "visualisation": [
    2,
    10
  ]
}
);
