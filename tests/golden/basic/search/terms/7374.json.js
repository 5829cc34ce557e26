credcatSearchData("terms/7374.json", {
  "stacks": [
    0,
    1
  ],
  "step": [
    1,
    3
  ]
}
);
