credcatSearchData("terms/7261.json", {
  "ralat": [
    2,
    4
  ]
}
);
