credcatSearchData("terms/7468.json", {
  "that": [
    1,
    4
  ]
}
);
