credcatSearchData("terms/6576.json", {
  "every": [
    1,
    3
  ],
  "everyone": [
    2,
    1
  ]
}
);
