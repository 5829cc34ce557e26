credcatSearchData("terms/6d61.json", {
  "made": [
    0,
    4
  ]
}
);
