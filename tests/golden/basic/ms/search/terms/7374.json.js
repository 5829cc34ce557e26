credcatSearchData("terms/7374.json", {
  "stacks": [
    0,
    1
  ]
}
);
