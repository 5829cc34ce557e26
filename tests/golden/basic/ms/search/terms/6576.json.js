credcatSearchData("terms/6576.json", {
  "everyone": [
    1,
    1
  ]
}
);
