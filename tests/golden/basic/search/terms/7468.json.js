credcatSearchData("terms/7468.json", {
  "that": [
    2,
    4
  ]
}
);
