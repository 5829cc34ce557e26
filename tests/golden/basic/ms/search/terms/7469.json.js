credcatSearchData("terms/7469.json", {
  "tidak": [
    2,
    3
  ]
}
);
