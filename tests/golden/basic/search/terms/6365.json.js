credcatSearchData("terms/6365.json", {
  "certificate": [
    0,
    10
  ]
}
);
