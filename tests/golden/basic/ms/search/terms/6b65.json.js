credcatSearchData("terms/6b65.json", {
  "keseluruhan": [
    2,
    1
  ]
}
);
