credcatSearchData("terms/746f.json", {
  "topic": [
    1,
    1
  ]
}
);
