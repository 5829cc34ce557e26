credcatSearchData("terms/6d71.json", {
  "mqa": [
    1,
    1
  ]
}
);
