credcatSearchData("terms/626f.json", {
  "board": [
    3,
    2
  ]
}
);
