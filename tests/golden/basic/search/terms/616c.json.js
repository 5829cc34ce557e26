credcatSearchData("terms/616c.json", {
  "alert": [
    3,
    10
  ]
}
);
