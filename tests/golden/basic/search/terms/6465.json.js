credcatSearchData("terms/6465.json", {
  "detect": [
    1,
    3
  ]
}
);
