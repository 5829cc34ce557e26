credcatSearchData("terms/6761.json", {
  "gambaran": [
    2,
    1
  ]
}
);
