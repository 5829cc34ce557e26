credcatSearchData("terms/6d71.json", {
  "mqa": [
    2,
    1
  ]
}
);
